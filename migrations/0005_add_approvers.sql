-- Approvers: a person a decision set is shared with may watch it ('watch', every share so
-- far) or also answer its questions and approve its plan ('approve').
ALTER TABLE decision_set_shares ADD COLUMN role TEXT NOT NULL DEFAULT 'watch' CHECK (role IN ('watch', 'approve'));
