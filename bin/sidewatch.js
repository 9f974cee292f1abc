#!/usr/bin/env node
// The CLI runs TypeScript directly through tsx: no build step between a clone and `npx sidewatch`.
import { register } from 'tsx/esm/api';

register();
await import('../core/cli/main.ts');
