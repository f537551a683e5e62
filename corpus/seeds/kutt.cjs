// Kutt's data for the corpus run, written with Kutt's own knex and models after its migrations:
// one verified admin (email corpus@example.com, password "corpus-password", API key
// "corpus-api-key-0000000000000000000000000"), and 500 links c1000…c1499 it owns. Run from the Kutt
// folder (node <corpus>/seeds/kutt.cjs); idempotent.
const { createRequire } = require('node:module');
const path = require('node:path');

const fromKutt = createRequire(path.join(process.cwd(), 'package.json'));
const bcrypt = fromKutt('bcryptjs');
const knex = fromKutt('knex')(fromKutt('./knexfile.js'));

async function seed() {
  const email = 'corpus@example.com';
  await knex('users').where({ email }).del();
  const [user] = await knex('users')
    .insert({
      email,
      password: bcrypt.hashSync('corpus-password', 12),
      apikey: 'corpus-api-key-0000000000000000000000000',
      role: 'ADMIN',
      verified: true,
    })
    .returning('id');
  const links = Array.from({ length: 500 }, (_, i) => ({
    address: `c${1000 + i}`,
    target: `https://example.com/articles/${i + 1}?utm_source=corpus`,
    description: `corpus link ${i + 1}`,
    user_id: user.id,
  }));
  await knex('links').whereIn('address', links.map((link) => link.address)).del();
  await knex.batchInsert('links', links, 100);
  console.log(`seeded user ${email} (id ${user.id}) and ${links.length} links`);
}

seed()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => knex.destroy());
