-- Keys a deployment makes for itself (the owner-cookie key when OWNER_COOKIE_SECRET is not set).
CREATE TABLE `deployment_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL
);
