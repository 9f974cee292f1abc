// Which (model, id) pairs have a label: kept in the labels' own transaction so the number of
// labelled predictions per model is known at ingest instead of counted over every label stored.
export const up = `
CREATE TABLE label_ids (
  model VARCHAR NOT NULL,
  id VARCHAR NOT NULL,
  PRIMARY KEY (model, id)
);
INSERT INTO label_ids SELECT DISTINCT model, id FROM labels;
`;
