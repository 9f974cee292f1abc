export { parseLogLine, logLineParser, capLine, DEFAULT_MAX_LINE_LENGTH } from './parse-log-line.ts';
export type { ParsedLogLine, LogFormat, NamedFormat, PatternFormat, ParseOptions } from './types.ts';
