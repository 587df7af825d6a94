import type { u32, u8, usize } from "ts2go";
export interface User {
  id: u32;
  name: string;
  age: u8;
}
export interface LoginRequest {
  user: User;
  password: string;
}
export interface LoginResponse {
  succ: boolean;
  message: string;
  token: Uint8Array;
}
export interface FriendsListRequest {
  token: Uint8Array;
  user_ids: u32[];
}
export interface FriendsListResponse {
  users: User[];
}
export interface TestCall {
  ping(n: usize): usize; // sync
  login(req: LoginRequest): LoginResponse; // sync
  logout(req: User): void; // sync, no result
  add_friends(req: FriendsListRequest): Promise<FriendsListResponse>; // async
  multi_param_test(user: User, message: string, token: Uint8Array): Promise<LoginResponse>;
}
