-- koa-rest's users for the corpus run: the table TypeORM's synchronize would create for
-- src/entity/user.ts, and 500 users (ids 1-500), the same every run.
CREATE TABLE IF NOT EXISTS "user" (id SERIAL PRIMARY KEY, name varchar(80) NOT NULL, email varchar(100) NOT NULL);
TRUNCATE "user" RESTART IDENTITY;
INSERT INTO "user" (name, email) SELECT 'Corpus User ' || n, 'user' || n || '@corpus.example.com' FROM generate_series(1, 500) AS n;
