/** One log line split into its header fields and the message the template miner sees. */
export interface ParsedLogLine {
  ts?: Date;
  level?: string;
  source?: string;
  message: string;
}

export type NamedFormat = 'auto' | 'json' | 'logfmt' | 'syslog' | 'rfc3164' | 'rfc5424' | 'access' | 'raw';

/** A regular expression with named groups `ts`, `level`, `source`, `message` (all optional). */
export interface PatternFormat {
  pattern: RegExp | string;
}

export type LogFormat = NamedFormat | PatternFormat;

export interface ParseOptions {
  /** Year for timestamps that carry none (RFC 3164); default the current UTC year. */
  year?: number;
  /** Lines longer than this are cut, with a marker saying how much was dropped. */
  maxLineLength?: number;
}
