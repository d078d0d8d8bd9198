-- What replicas kept per host until now and must share: the token signing keys, the TLS certificate and the failed
-- login counts. The private keys are stored in the clear (as Quay keeps its own in its database): whoever can read
-- these tables can sign tokens and impersonate the registry, so the database must be protected like the keys.

-- Newest (highest id) signs; the registry keeps the newest two.
CREATE TABLE token_signing_keys (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key_id TEXT NOT NULL UNIQUE,
    private_key_pem TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- One row: the copy every replica writes into its TLS directory; generation grows with each replacement.
CREATE TABLE server_certificate (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    generation BIGINT NOT NULL,
    ca_certificate_pem TEXT,
    ca_key_pem TEXT,
    server_certificate_pem TEXT NOT NULL,
    server_key_pem TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Failures since the last success per user and client address; last_failure_at in unix milliseconds, since the first
-- waits are one and two seconds.
CREATE TABLE login_failures (
    user_name TEXT COLLATE "C" NOT NULL,
    client_address TEXT COLLATE "C" NOT NULL,
    failures INTEGER NOT NULL,
    last_failure_at BIGINT NOT NULL,
    PRIMARY KEY (user_name, client_address)
);
CREATE INDEX login_failures_by_time ON login_failures(last_failure_at);
