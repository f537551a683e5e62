// The data json-server serves in the corpus run: 3,000 posts and 6,000 comments, the same every
// run. Usage (from the json-server folder): node json-server-db.mjs db.json
import { writeFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node json-server-db.mjs <db.json>');
  process.exit(2);
}
const posts = Array.from({ length: 3000 }, (_, i) => ({
  id: String(i + 1),
  title: `post number ${i + 1}`,
  views: (919 * (i + 1)) % 1000,
  author: { name: `author${(i % 50) + 1}` },
}));
const comments = Array.from({ length: 6000 }, (_, i) => ({
  id: String(i + 1),
  text: `comment ${i + 1} on post ${(i % 3000) + 1}`,
  postId: String((i % 3000) + 1),
}));
writeFileSync(file, JSON.stringify({ posts, comments, profile: { name: 'typicode' } }));
console.log(`wrote ${file}: ${posts.length} posts, ${comments.length} comments`);
