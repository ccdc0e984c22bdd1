-- Threads created through the LangGraph Platform API before their first run: a thread
-- belongs to its owner from the moment it exists, not only once a decision set names it.
CREATE TABLE langgraph_threads (
  thread_id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  metadata TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX langgraph_threads_owner_created ON langgraph_threads (owner_id, created_at DESC);
