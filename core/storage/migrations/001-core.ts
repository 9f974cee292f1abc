// Core tables. Predictions live in one table per model (pred_<id>) with one typed column per
// feature (f_<position>), so per-feature drift reads one column; model_features maps names.
export const up = `
CREATE SEQUENCE model_id_seq START 1;
CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  model VARCHAR NOT NULL UNIQUE,
  table_name VARCHAR NOT NULL,
  first_seen TIMESTAMP NOT NULL
);
CREATE TABLE model_features (
  model VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  type VARCHAR NOT NULL,
  position INTEGER NOT NULL,
  first_seen TIMESTAMP NOT NULL,
  PRIMARY KEY (model, name)
);
CREATE TABLE labels (
  model VARCHAR NOT NULL,
  id VARCHAR NOT NULL,
  label_num DOUBLE,
  label_str VARCHAR,
  ts TIMESTAMP NOT NULL,
  received_at TIMESTAMP NOT NULL
);
CREATE TABLE logs (
  seq BIGINT NOT NULL,
  ts TIMESTAMP NOT NULL,
  received_at TIMESTAMP NOT NULL,
  level VARCHAR,
  source VARCHAR,
  message VARCHAR NOT NULL,
  template_id VARCHAR
);
CREATE TABLE metrics (
  ts TIMESTAMP NOT NULL,
  name VARCHAR NOT NULL,
  value DOUBLE NOT NULL,
  labels VARCHAR
);
CREATE TABLE snapshots (
  version VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  role VARCHAR NOT NULL,
  name VARCHAR,
  rows BIGINT NOT NULL,
  format VARCHAR NOT NULL,
  table_name VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (version, model, role)
);
CREATE SEQUENCE stage_run_seq START 1;
CREATE TABLE stage_runs (
  id BIGINT PRIMARY KEY,
  stage VARCHAR NOT NULL,
  trigger VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  duration_ms DOUBLE,
  outcome VARCHAR NOT NULL,
  error VARCHAR,
  config_version VARCHAR NOT NULL,
  data_version VARCHAR,
  model_version VARCHAR,
  findings INTEGER NOT NULL DEFAULT 0
);
CREATE SEQUENCE stage_result_seq START 1;
CREATE TABLE stage_results (
  id BIGINT PRIMARY KEY,
  run_id BIGINT NOT NULL,
  stage VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  model VARCHAR,
  created_at TIMESTAMP NOT NULL,
  payload VARCHAR NOT NULL,
  data_version VARCHAR,
  model_version VARCHAR,
  config_version VARCHAR NOT NULL
);
CREATE SEQUENCE finding_seq START 1;
CREATE TABLE findings (
  id BIGINT PRIMARY KEY,
  run_id BIGINT,
  stage VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  summary VARCHAR NOT NULL,
  labels VARCHAR NOT NULL,
  details VARCHAR,
  fingerprint VARCHAR NOT NULL,
  ts TIMESTAMP NOT NULL
);
CREATE TABLE plugin_state (
  plugin VARCHAR NOT NULL,
  key VARCHAR NOT NULL,
  value VARCHAR NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (plugin, key)
);
CREATE SEQUENCE audit_seq START 1;
CREATE TABLE audit (
  id BIGINT PRIMARY KEY,
  ts TIMESTAMP NOT NULL,
  kind VARCHAR NOT NULL,
  subject VARCHAR,
  details VARCHAR
);
`;
