-- Request counters of the rate-limited routes (issue 23, item 3: two servers, one database): the
-- login and the public self-service pages allow so many requests per client address and time
-- window. Counted here rather than in a server's memory, every server on the database counts the
-- same requests: a client cannot get twice the allowance by alternating between two servers.
-- One row per route and client address; a request is one upsert (src/db/rate-limits.ts).
CREATE TABLE rate_limit_counters (
  -- '<METHOD> <route>|<client address>', e.g. 'POST /api/v1/auth/login|203.0.113.7'
  key        text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 400),
  -- requests counted in the window that ends at window_end
  hits       integer NOT NULL CHECK (hits > 0),
  -- the end of the current window (the database's clock); a request after it starts a new one
  window_end timestamptz NOT NULL
);

-- The housekeeping that forgets ended windows reads them by their end.
CREATE INDEX rate_limit_counters_window_end ON rate_limit_counters (window_end);
