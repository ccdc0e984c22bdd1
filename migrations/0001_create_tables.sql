-- The global index: decision sets and the jobs that produce them. Small rows only;
-- events, checkpoints and artifacts live in each decision set's Durable Object.
CREATE TABLE decision_sets (
  id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  previous_id TEXT,
  title TEXT NOT NULL,
  status TEXT NOT NULL,
  summary TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX decision_sets_owner_created ON decision_sets (owner_id, created_at DESC);
CREATE INDEX decision_sets_thread_created ON decision_sets (thread_id, created_at DESC);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  decision_set_id TEXT NOT NULL REFERENCES decision_sets (id),
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  payload TEXT NOT NULL,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX jobs_decision_set ON jobs (decision_set_id);
CREATE INDEX jobs_status_lease ON jobs (status, lease_expires_at);
