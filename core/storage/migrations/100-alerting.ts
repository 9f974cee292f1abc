// Alerting: alert state (survives restarts), silences, the notification log (what each
// integration was told about each group) and the outbox of notifications still to deliver.
// Times are epoch milliseconds.
export const up = `
CREATE TABLE alert_state (
  fingerprint VARCHAR PRIMARY KEY,
  body VARCHAR NOT NULL,
  state VARCHAR NOT NULL
);
CREATE TABLE alert_run_watermarks (
  stage VARCHAR PRIMARY KEY,
  run_id BIGINT NOT NULL
);
CREATE TABLE alert_silences (
  id VARCHAR PRIMARY KEY,
  body VARCHAR NOT NULL
);
CREATE TABLE alert_nflog (
  integration VARCHAR NOT NULL,
  group_key VARCHAR NOT NULL,
  firing VARCHAR NOT NULL,
  resolved VARCHAR NOT NULL,
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (integration, group_key)
);
CREATE SEQUENCE alert_outbox_seq START 1;
CREATE TABLE alert_outbox (
  id BIGINT PRIMARY KEY,
  integration VARCHAR NOT NULL,
  group_key VARCHAR NOT NULL,
  payload VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  finished_at BIGINT,
  last_error VARCHAR
);
`;
