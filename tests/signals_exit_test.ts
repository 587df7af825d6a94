// Signals and exit, in child processes of the same runtime: a SIGWINCH storm while goroutines are
// busy, with the listener added after the library was loaded; and processes that end with calls in
// flight (main module returns, client closed, Deno.exit / process.exit, an uncaught error).
//
// TS2GO_EXIT_RUNS: runs per exit mode (default 50; 20 per uncaught-error mode). TS2GO_SIGNALS: signals per storm (default 3,000),
// TS2GO_SIGNAL_RUNS: storms (default 5).
import { test } from "node:test";
import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildProject } from "../scripts/projects.ts";

const EXIT_RUNS = Number(process.env.TS2GO_EXIT_RUNS ?? 50);
const SIGNALS = Number(process.env.TS2GO_SIGNALS ?? 3000);
const SIGNAL_RUNS = Number(process.env.TS2GO_SIGNAL_RUNS ?? 5);
const libPath = await buildProject("tests/fixtures/faults");
const duplexPath = await buildProject("tests/fixtures/duplex");
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
// What a Go or runtime crash prints; none of it may appear.
const CRASH =
  /fatal error|panic:|SIGSEGV|segmentation|unexpected fault|traceback|Illegal instruction|Aborted|core dumped/i;

interface Outcome {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Starts a script of tests/fixtures/scripts with the test's own runtime. */
function start(name: string, args: string[]): { child: ChildProcessWithoutNullStreams; done: Promise<Outcome> } {
  const path = fileURLToPath(new URL(`./fixtures/scripts/${name}`, import.meta.url));
  const child = spawn(process.execPath, isDeno ? ["run", "-A", path, ...args] : [path, ...args]);
  let stdout = "", stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const done = new Promise<Outcome>((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The reasons a finished child was not clean: killed, non-zero exit, or crash text on stderr. */
function problems(o: Outcome): string[] {
  const out: string[] = [];
  if (o.signal !== null) out.push(`killed by ${o.signal}`);
  else if (o.code !== 0) out.push(`exit code ${o.code}`);
  if (CRASH.test(o.stderr)) out.push(`stderr: ${o.stderr.slice(0, 1500)}`);
  return out;
}

/** One storm: starts signal_storm.ts, sends SIGNALS SIGWINCH with a pause every 10, ends it. */
async function storm(): Promise<{ outcome: Outcome; sent: number }> {
  const { child, done } = start("signal_storm.ts", [libPath]);
  const ready = new Promise<void>((resolve) => {
    child.stdout.on("data", (s: string) => s.includes("ready") && resolve());
  });
  await Promise.race([ready, done]);
  let sent = 0;
  for (; sent < SIGNALS && child.exitCode === null && child.signalCode === null; sent++) {
    try {
      process.kill(child.pid!, "SIGWINCH");
    } catch {
      break; // the child is gone: its outcome says why
    }
    if (sent % 10 === 9) await sleep(1);
  }
  await sleep(50);
  child.stdin.end("done\n");
  return { outcome: await done, sent };
}

test(`${SIGNALS} SIGWINCH while goroutines spin, listener added after the library loaded: no crash (${SIGNAL_RUNS} runs)`, async () => {
  // Without SA_ONSTACK on the runtime's handler, a signal that lands on a goroutine stack corrupts
  // it: with ts2go_fix_signals disabled this storm crashed Deno 4 and Bun 2 of 6 runs.
  const failures: string[] = [];
  for (let run = 0; run < SIGNAL_RUNS; run++) {
    const { outcome, sent } = await storm();
    const bad = problems(outcome);
    if (bad.length > 0 || sent !== SIGNALS) {
      failures.push(`run ${run}: after ${sent} signals: ${bad.join("; ").slice(0, 300)}`);
      continue;
    }
    const report = JSON.parse(outcome.stdout.trim().split("\n").pop()!);
    assert.equal(report.wrong, 0);
    assert.ok(report.signals > 0, "the listener saw signals");
    assert.ok(report.calls > 0);
  }
  assert.deepStrictEqual(failures, []);
});

/** Runs `script LIB MODE` (by default exit_in_flight.ts) `runs` times, two at a time; returns the outcomes. */
async function exitRuns(mode: string, runs: number, script = "exit_in_flight.ts", lib = libPath): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const lane = async () => {
    while (next < runs) {
      next++;
      outcomes.push(await start(script, [lib, mode]).done);
    }
  };
  await Promise.all([lane(), lane()]);
  return outcomes;
}

function summarize(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = problems(o).join("; ").split("\n")[0] || "clean";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

test(`the main module returns with 2,000 calls in flight: the process waits for them, then exits cleanly (${EXIT_RUNS} runs)`, async () => {
  const outcomes = await exitRuns("return", EXIT_RUNS);
  assert.deepStrictEqual(summarize(outcomes), { clean: EXIT_RUNS });
  for (const o of outcomes) assert.deepStrictEqual(JSON.parse(o.stdout.trim()), { done: 2000, rejected: 0 });
});

test(`the client is closed with 2,000 calls in flight and the main module returns: clean exit (${EXIT_RUNS} runs)`, async () => {
  const outcomes = await exitRuns("close", EXIT_RUNS);
  assert.deepStrictEqual(summarize(outcomes), { clean: EXIT_RUNS });
  for (const o of outcomes) assert.deepStrictEqual(JSON.parse(o.stdout.trim()), { done: 0, rejected: 2000 });
});

test(`${isDeno ? "Deno.exit" : "process.exit"}(0) with calls in flight: clean exit (${EXIT_RUNS} runs)`, async () => {
  const outcomes = await exitRuns("exit", EXIT_RUNS);
  assert.deepStrictEqual(summarize(outcomes), { clean: EXIT_RUNS });
  for (const o of outcomes) assert.deepStrictEqual(JSON.parse(o.stdout.trim()), { exiting: true });
});

// Before the fix, Deno crashed in 8 of 40 in-loop runs (exit 139 or 134, nothing printed): an uncaught
// error ends Deno without "unload", and Deno freed the main thread's doorbell callback under a Go
// thread blocked in it.
for (const [mode, where] of [["in-loop", "inside a for await over a stream"], ["after-loop", "after a stream loop"]]) {
  const runs = Math.max(1, Math.round(EXIT_RUNS / 2.5));
  test(`the main module throws ${where} with Go calls in flight: exit 1 with its error, no crash (${runs} runs)`, async () => {
    const outcomes = await exitRuns(mode, runs, "throw_in_flight.ts", duplexPath);
    const thrown = mode === "in-loop" ? "main throws in the loop" : "main throws after the loop";
    const counts: Record<string, number> = {};
    for (const o of outcomes) {
      const crashed = o.signal !== null || CRASH.test(o.stderr) || !o.stderr.includes(thrown);
      const key = crashed ? `exit ${o.code ?? o.signal}: ${o.stderr.slice(0, 300)}` : `exit ${o.code} with the error`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    assert.deepStrictEqual(counts, { "exit 1 with the error": runs });
  });
}

test("an uncaught error that a listener prevents: the process lives on and its calls complete", async () => {
  const outcomes = await exitRuns("prevented", 4, "throw_in_flight.ts", duplexPath);
  for (const o of outcomes) {
    assert.deepStrictEqual(problems(o), []);
    assert.deepStrictEqual(JSON.parse(o.stdout.trim()), { after: 3 });
  }
});

test(`${isDeno ? "Deno.exit" : "process.exit"}(0) while a stream waits for JS: the exit cancels the method's ctx`, async () => {
  // The runtime closes the thread's waker at exit; that closes its hosts and cancels what runs.
  const outcome = await start("exit_stream.ts", [duplexPath]).done;
  assert.deepStrictEqual(problems(outcome), []);
  assert.deepStrictEqual(JSON.parse(outcome.stdout.trim()), { entered: 1, finished: 1 });
});
