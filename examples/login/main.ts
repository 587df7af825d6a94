// The login example: a Go in-memory user store (go/store.go) behind the TestCall schema. Logs in,
// adds friends with the session token, and logs out.
//
//   deno run -A examples/login/main.ts      (or: bun run examples/login/main.ts)
import { buildGo, GoError } from "ts2go";
import { loadTestCall } from "./schema.gen.ts";

const goDir = new URL("./go", import.meta.url).pathname;
using api = loadTestCall(await buildGo(goDir));

console.log("[TS] ping:", api.ping(1995n));

const alice = { id: 1, name: "alice", age: 30 };
console.log("[TS] wrong password:", api.login({ user: alice, password: "looking-glass" }).message);

const login = api.login({ user: alice, password: "wonderland" });
console.log(`[TS] login: ${login.message}, token ${login.token.length} bytes`);

const { users } = await api.add_friends({ token: login.token, user_ids: [3, 2, 3] });
console.log("[TS] alice's friends:", users.map((u) => `${u.name} (${u.id}, ${u.age})`).join(", "));

const echo = await api.multi_param_test(alice, "hello, Go", new Uint8Array([1, 2, 3]));
console.log(`[TS] multi_param_test: ${echo.message}, token [${echo.token}]`);

api.logout(alice);
try {
  await api.add_friends({ token: login.token, user_ids: [2] });
} catch (e) {
  if (!(e instanceof GoError)) throw e;
  console.log("[TS] after logout, add_friends fails:", e.message);
}
