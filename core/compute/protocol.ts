// Messages between the compute pool and its worker threads.
export interface TaskRequest {
  id: number;
  task: string;
  args: unknown;
}

export type TaskReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
