package main

// An in-memory user store that implements the generated TestCall interface: fixed seed users,
// password login with random session tokens, logout, and a friends list per user.
//
// Arguments (strings, []byte, []uint32) point into JS memory that is valid only during the call:
// everything kept past the call is copied first (string(bytes), strings.Clone, slices.Clone).
// Async methods run on their own goroutines, so all state sits behind one mutex.

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"sync"
)

type account struct {
	user     User
	password string
}

type server struct {
	mu       sync.Mutex
	accounts map[uint32]account             // by user id; fixed after init
	sessions map[string]uint32              // session token (as a string of its bytes) → user id
	friends  map[uint32]map[uint32]struct{} // user id → set of friend ids
}

func init() {
	s := &server{
		accounts: map[uint32]account{},
		sessions: map[string]uint32{},
		friends:  map[uint32]map[uint32]struct{}{},
	}
	for _, a := range []account{
		{User{Id: 1, Name: "alice", Age: 30}, "wonderland"},
		{User{Id: 2, Name: "bob", Age: 25}, "builder"},
		{User{Id: 3, Name: "carol", Age: 41}, "singer"},
	} {
		s.accounts[a.user.Id] = a
	}
	RegisterTestCall(s)
}

// Ping echoes n.
func (s *server) Ping(n uint) (uint, error) { return n, nil }

// Login checks the password and opens a session; a failed login is a normal response, not an error.
func (s *server) Login(req *LoginRequest) (LoginResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[req.User.Id]
	if !ok {
		return LoginResponse{Succ: false, Message: fmt.Sprintf("unknown user %d", req.User.Id)}, nil
	}
	if req.Password != a.password { // compares in place: req.Password is not kept
		return LoginResponse{Succ: false, Message: "wrong password for " + a.user.Name}, nil
	}
	token := make([]byte, 16)
	if _, err := rand.Read(token); err != nil {
		return LoginResponse{}, fmt.Errorf("session token: %w", err)
	}
	s.sessions[string(token)] = a.user.Id // string(token) copies the bytes
	return LoginResponse{Succ: true, Message: "welcome, " + a.user.Name, Token: token}, nil
}

// Logout closes every session of the user; it is an error if there were none.
func (s *server) Logout(req *User) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for token, id := range s.sessions {
		if id == req.Id {
			delete(s.sessions, token)
			n++
		}
	}
	if n == 0 {
		return fmt.Errorf("not logged in: %s", req.Name) // fmt copies req.Name into the message
	}
	return nil
}

// AddFriends adds user_ids to the friends of the session's user (a set: duplicates and the user
// itself are ignored; an unknown id fails the whole call) and returns the full list, sorted by id.
func (s *server) AddFriends(ctx context.Context, req *FriendsListRequest) (FriendsListResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	self, ok := s.sessions[string(req.Token)] // a lookup with string(bytes) does not keep the bytes
	if !ok {
		return FriendsListResponse{}, errors.New("invalid session token")
	}
	for _, id := range req.UserIds {
		if _, ok := s.accounts[id]; !ok {
			return FriendsListResponse{}, fmt.Errorf("unknown user %d", id)
		}
	}
	set := s.friends[self]
	if set == nil {
		set = map[uint32]struct{}{}
		s.friends[self] = set
	}
	for _, id := range req.UserIds { // ids are copied as map keys; req.UserIds itself is not kept
		if id != self {
			set[id] = struct{}{}
		}
	}
	users := make([]User, 0, len(set))
	for id := range set {
		users = append(users, s.accounts[id].user)
	}
	slices.SortFunc(users, func(a, b User) int { return cmp.Compare(a.Id, b.Id) })
	return FriendsListResponse{Users: users}, nil
}

// MultiParamTest formats its arguments into the message and returns the token reversed.
func (s *server) MultiParamTest(ctx context.Context, user *User, message string, token []byte) (LoginResponse, error) {
	reversed := slices.Clone(token) // a copy: token points into JS memory
	slices.Reverse(reversed)
	return LoginResponse{
		Succ:    true,
		Message: fmt.Sprintf("%s (%d) says %q", user.Name, user.Age, message),
		Token:   reversed,
	}, nil
}
