// `${VAR}` and `${VAR:-default}` in any string of the YAML, resolved from the environment.
// An unset variable without a default is an error naming the variable and where it is used.
export interface InterpolationError {
  path: string;
  message: string;
}

const pattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolate(
  value: unknown,
  env: Record<string, string | undefined>,
  errors: InterpolationError[],
  path: string[] = [],
): unknown {
  if (typeof value === 'string') {
    // A value that is only a placeholder and resolves to nothing counts as absent, so
    // `token: ${SIDEWATCH_TOKEN:-}` leaves the token unset rather than empty.
    const whole = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/.test(value);
    const out = value.replace(pattern, (_m, name: string, fallback: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      errors.push({ path: path.join('.') || '(root)', message: `environment variable ${name} is not set` });
      return '';
    });
    return whole && out === '' ? undefined : out;
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, errors, [...path, String(i)]));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = interpolate(v, env, errors, [...path, k]);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return value;
}
