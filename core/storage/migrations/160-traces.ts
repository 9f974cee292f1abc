// What OTLP receivers bring beyond lines and points: the trace and span a log line was written
// in, and the service call graph seen in traces (caller → callee, with call and error counts).
export const up = `
ALTER TABLE logs ADD COLUMN trace_id VARCHAR;
ALTER TABLE logs ADD COLUMN span_id VARCHAR;
CREATE TABLE service_calls (
  parent VARCHAR NOT NULL,
  child VARCHAR NOT NULL,
  calls BIGINT NOT NULL,
  errors BIGINT NOT NULL,
  first_seen TIMESTAMP NOT NULL,
  last_seen TIMESTAMP NOT NULL,
  PRIMARY KEY (parent, child)
);
`;
