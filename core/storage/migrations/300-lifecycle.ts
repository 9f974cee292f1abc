// Model lifecycle: the registry of model versions seen in predictions, and the retraining
// triggers mirrored from the retraining stage's results (one row per evaluation that fired or
// was held back), so the history survives result retention.
export const up = `
CREATE TABLE model_versions (
  model VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  first_seen TIMESTAMP NOT NULL,
  last_seen TIMESTAMP NOT NULL,
  predictions BIGINT NOT NULL,
  registered_at TIMESTAMP NOT NULL,
  PRIMARY KEY (model, version)
);
CREATE TABLE retraining_triggers (
  result_id BIGINT PRIMARY KEY,
  run_id BIGINT NOT NULL,
  ts TIMESTAMP NOT NULL,
  model VARCHAR NOT NULL,
  model_version VARCHAR,
  policy VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  action VARCHAR,
  http_status INTEGER,
  exit_code INTEGER,
  error VARCHAR,
  evidence VARCHAR NOT NULL
);
`;
