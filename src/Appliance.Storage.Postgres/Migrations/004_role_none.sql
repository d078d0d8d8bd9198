-- The role "none" (a user who may do only what namespace grants give) joins the roles a user may have.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('pull', 'push', 'admin', 'metrics', 'none'));
