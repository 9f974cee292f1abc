// Parquet export: how far each exported table has been written (so every run appends only new
// rows) and a record of every run.
export const up = `
CREATE TABLE export_watermarks (
  target VARCHAR PRIMARY KEY,
  watermark VARCHAR NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE SEQUENCE export_run_seq START 1;
CREATE TABLE export_runs (
  id BIGINT PRIMARY KEY,
  trigger VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  rows BIGINT NOT NULL DEFAULT 0,
  targets VARCHAR,
  error VARCHAR
);
`;
