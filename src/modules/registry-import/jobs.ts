/**
 * Imports started from the web run in the background; the browser polls their progress. Jobs live in
 * this process's memory while they run; the finished report is also kept in registry_loads.
 */
import type { ImportProgress, ImportReport } from './service.ts';

export type Job = {
  id: string;
  userId: string | null;
  progress: ImportProgress;
  report: ImportReport | null;
  error: { code: string; message: string } | null;
  done: Promise<void>;
};

const jobs = new Map<string, Job>();
const KEEP_MS = 60 * 60 * 1000;

export function putJob(job: Job): void {
  jobs.set(job.id, job);
  job.done.finally(() => setTimeout(() => jobs.delete(job.id), KEEP_MS).unref());
}

export const getJob = (id: string): Job | undefined => jobs.get(id);
