/**
 * End-to-end tests of the login example (examples/login): a generated client calling the Go user
 * store in examples/login/go/store.go. Runs under both `deno test` and `bun test`; node:test only.
 *
 * All tests share one library and so one store: each test logs in afresh, and state it relies on
 * (a user's friends) is set up by the test itself or asserted in order within it.
 * @module
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { GoError } from "../mod.ts";
import { buildProject } from "../scripts/projects.ts";
import { loadTestCall } from "../examples/login/schema.gen.ts";
import type { User } from "../examples/login/schema.ts";

const T = { timeout: 120_000 };

const api = loadTestCall(await buildProject("examples/login"));
after(() => api.close());

const ALICE: User = { id: 1, name: "alice", age: 30 };
const BOB: User = { id: 2, name: "bob", age: 25 };
const CAROL: User = { id: 3, name: "carol", age: 41 };
const PASSWORDS: Record<number, string> = { 1: "wonderland", 2: "builder", 3: "singer" };

/** Logs `user` in with the right password and returns the session token. */
function loginToken(user: User): Uint8Array {
  const res = api.login({ user, password: PASSWORDS[user.id] });
  assert.equal(res.succ, true, res.message);
  return res.token;
}

test("ping round-trips usize values, including 0 and the maximum", T, () => {
  for (const n of [0n, 1n, 1995n, 2n ** 32n, 2n ** 63n, 2n ** 64n - 1n]) {
    assert.equal(api.ping(n), n);
  }
});

test("login succeeds with the right password and returns a 16-byte token", T, () => {
  const res = api.login({ user: ALICE, password: "wonderland" });
  assert.equal(res.succ, true);
  assert.equal(res.message, "welcome, alice");
  assert.ok(res.token instanceof Uint8Array);
  assert.equal(res.token.length, 16);
  const again = api.login({ user: ALICE, password: "wonderland" });
  assert.notDeepEqual(again.token, res.token, "each login gets a fresh token");
});

test("login with a wrong password or an unknown user fails without a Go error", T, () => {
  const wrong = api.login({ user: BOB, password: "wonderland" });
  assert.equal(wrong.succ, false);
  assert.equal(wrong.message, "wrong password for bob");
  assert.equal(wrong.token.length, 0);

  const unknown = api.login({ user: { id: 42, name: "mallory", age: 50 }, password: "x" });
  assert.equal(unknown.succ, false);
  assert.equal(unknown.message, "unknown user 42");
  assert.equal(unknown.token.length, 0);
});

test("the login token works for add_friends; a wrong token rejects with GoError", T, async () => {
  const token = loginToken(ALICE);
  const res = await api.add_friends({ token, user_ids: [] });
  assert.ok(Array.isArray(res.users));

  const wrong = token.slice();
  wrong[0] ^= 0xff;
  for (const bad of [wrong, new Uint8Array(0), new Uint8Array(16)]) {
    await assert.rejects(api.add_friends({ token: bad, user_ids: [2] }), (e: unknown) => {
      assert.ok(e instanceof GoError, String(e));
      assert.equal(e.message, "invalid session token");
      return true;
    });
  }
});

test("add_friends deduplicates, ignores self, sorts by id and returns full users", T, async () => {
  const token = loginToken(ALICE);
  assert.deepEqual(await api.add_friends({ token, user_ids: [3, 2, 3, 2, 1] }), { users: [BOB, CAROL] });
  assert.deepEqual(await api.add_friends({ token, user_ids: [3] }), { users: [BOB, CAROL] });
  // Friendship is one-way: bob has not added alice.
  assert.deepEqual(await api.add_friends({ token: loginToken(BOB), user_ids: [1] }), { users: [ALICE] });
});

test("add_friends with an unknown id rejects with GoError and changes nothing", T, async () => {
  const token = loginToken(CAROL);
  await assert.rejects(api.add_friends({ token, user_ids: [1, 99] }), (e: unknown) => {
    assert.ok(e instanceof GoError, String(e));
    assert.equal(e.message, "unknown user 99");
    return true;
  });
  assert.deepEqual(await api.add_friends({ token, user_ids: [] }), { users: [] });
});

test("empty lists: no ids returns the current list; no friends is { users: [] }", T, async () => {
  assert.deepEqual(await api.add_friends({ token: loginToken(CAROL), user_ids: [] }), { users: [] });
  const alice = loginToken(ALICE);
  await api.add_friends({ token: alice, user_ids: [2, 3] });
  assert.deepEqual(await api.add_friends({ token: alice, user_ids: [] }), { users: [BOB, CAROL] });
});

test("logout ends every session; a second logout is a GoError", T, async () => {
  const t1 = loginToken(ALICE);
  const t2 = loginToken(ALICE);
  assert.equal(api.logout(ALICE), undefined);
  for (const token of [t1, t2]) {
    await assert.rejects(api.add_friends({ token, user_ids: [] }), {
      name: "GoError",
      message: "invalid session token",
    });
  }
  assert.throws(() => api.logout(ALICE), (e: unknown) => {
    assert.ok(e instanceof GoError, String(e));
    assert.equal(e.message, "not logged in: alice");
    return true;
  });
  // Logging in again works, and the friends list survived the logout.
  assert.deepEqual(await api.add_friends({ token: loginToken(ALICE), user_ids: [] }), { users: [BOB, CAROL] });
});

test("multi_param_test: several parameters, non-ASCII text, empty and non-empty tokens", T, async () => {
  const message = 'héllo, 世界 🎉 "quoted"';
  const res = await api.multi_param_test({ id: 7, name: "Zoë", age: 255 }, message, new Uint8Array(0));
  assert.equal(res.succ, true);
  assert.equal(res.message, `Zoë (255) says ${JSON.stringify(message)}`);
  assert.ok(res.token instanceof Uint8Array);
  assert.equal(res.token.length, 0);

  const token = new Uint8Array([1, 2, 3, 250]);
  const rev = await api.multi_param_test(BOB, "", token);
  assert.equal(rev.message, 'bob (25) says ""');
  assert.deepEqual(rev.token, new Uint8Array([250, 3, 2, 1]));
  assert.deepEqual(token, new Uint8Array([1, 2, 3, 250]), "the argument is not modified");
});

test("bad input: sync methods throw TypeError with the path of the bad value", T, () => {
  assert.throws(() => api.login({ user: { id: 1, name: "alice", age: 300 }, password: "x" }), {
    name: "TypeError",
    message: "req.user.age: expected u8 (0..255), got 300",
  });
  assert.throws(() => api.login({ user: { ...ALICE, name: 42 as unknown as string }, password: "x" }), {
    name: "TypeError",
    message: "req.user.name: expected string, got 42",
  });
  assert.throws(() => api.ping(-1n), TypeError);
  assert.throws(() => api.ping(2n ** 64n), TypeError);
  assert.throws(() => api.ping(1 as unknown as bigint), TypeError);
});

test("bad input: async methods reject with TypeError (and do not throw)", T, async () => {
  const token = loginToken(BOB);
  await assert.rejects(api.add_friends({ token, user_ids: [1, -1] }), {
    name: "TypeError",
    message: "req.user_ids[1]: expected u32 (0..4294967295), got -1",
  });
  await assert.rejects(api.add_friends({ token: [1, 2] as unknown as Uint8Array, user_ids: [] }), TypeError);
  await assert.rejects(api.multi_param_test({ ...BOB, age: -1 }, "hi", new Uint8Array(0)), TypeError);
  await assert.rejects(api.multi_param_test(BOB, "hi", "token" as unknown as Uint8Array), TypeError);
  await assert.rejects(api.multi_param_test(BOB, 42 as unknown as string, new Uint8Array(0)), {
    name: "TypeError",
    message: "message: expected string, got 42",
  });
});

test("1000 concurrent add_friends calls with one token all resolve consistently", T, async () => {
  const token = loginToken(BOB);
  const calls = Array.from(
    { length: 1000 },
    (_, i) => api.add_friends({ token, user_ids: i % 2 ? [1, 3] : [3, 1, 2] }),
  );
  const results = await Promise.all(calls);
  // Every call adds the same set {1, 3} under the store's lock, so every reply sees exactly that set.
  for (const r of results) assert.deepEqual(r, { users: [ALICE, CAROL] });
  assert.deepEqual(await api.add_friends({ token, user_ids: [] }), { users: [ALICE, CAROL] });
});
