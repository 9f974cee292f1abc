// Log pipeline tables: templates mined at ingest (kept current in the same transaction as the
// lines), their created/changed/merged events, the miner's persisted state, and file-tail offsets.
export const up = `
CREATE TABLE log_templates (
  id VARCHAR PRIMARY KEY,
  template VARCHAR NOT NULL,
  first_seen TIMESTAMP NOT NULL,
  last_seen TIMESTAMP NOT NULL,
  count BIGINT NOT NULL,
  examples VARCHAR NOT NULL,
  first_seq BIGINT NOT NULL,
  last_seq BIGINT NOT NULL,
  merged_into VARCHAR
);
CREATE SEQUENCE log_template_event_seq START 1;
CREATE TABLE log_template_events (
  id BIGINT PRIMARY KEY,
  ts TIMESTAMP NOT NULL,
  type VARCHAR NOT NULL,
  template_id VARCHAR NOT NULL,
  template VARCHAR,
  details VARCHAR
);
CREATE TABLE log_miner_state (
  id INTEGER PRIMARY KEY,
  revision BIGINT NOT NULL,
  state VARCHAR NOT NULL,
  saved_at TIMESTAMP NOT NULL
);
CREATE TABLE log_tail_offsets (
  path VARCHAR PRIMARY KEY,
  dev VARCHAR NOT NULL,
  ino VARCHAR NOT NULL,
  head_hash VARCHAR NOT NULL,
  head_len INTEGER NOT NULL,
  "offset" BIGINT NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
`;
