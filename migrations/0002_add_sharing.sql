-- Sharing: whether anyone with a decision set's link may watch it (as before: 'watch'), or
-- only its owner and the people it is shared with, by the email Access vouches for.
ALTER TABLE decision_sets ADD COLUMN link_access TEXT NOT NULL DEFAULT 'watch' CHECK (link_access IN ('watch', 'none'));

CREATE TABLE decision_set_shares (
  decision_set_id TEXT NOT NULL REFERENCES decision_sets (id),
  email TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (decision_set_id, email)
);
CREATE INDEX decision_set_shares_email ON decision_set_shares (email, created_at DESC);
