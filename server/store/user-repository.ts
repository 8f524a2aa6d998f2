import { decoyPasswordHash, hashPassword, verifyPassword } from '../crypto/password-hash';
import { randomId } from '../crypto/random-token';
import type { Database } from './database';
import type { UserRecord } from './records';

export class DuplicateEmailError extends Error {
  constructor(readonly email: string) {
    super(`a user with email ${email} already exists`);
  }
}

const normalise = (email: string) => email.trim().toLowerCase();

export class UserRepository {
  constructor(private readonly db: Database) {}

  list(): UserRecord[] {
    return this.db.data.users;
  }

  byId(id: string): UserRecord | undefined {
    return this.db.data.users.find((user) => user.id === id);
  }

  byEmail(email: string): UserRecord | undefined {
    const wanted = normalise(email);
    return this.db.data.users.find((user) => normalise(user.email) === wanted);
  }

  async create(input: { email: string; password: string; name: string; emailVerified?: boolean }): Promise<UserRecord> {
    if (this.byEmail(input.email)) throw new DuplicateEmailError(input.email);
    const passwordHash = await hashPassword(input.password);
    // Checked again: another create may have finished while we hashed.
    if (this.byEmail(input.email)) throw new DuplicateEmailError(input.email);
    const now = new Date().toISOString();
    const user: UserRecord = {
      id: `usr_${randomId(9)}`,
      email: input.email.trim(),
      name: input.name.trim(),
      passwordHash,
      emailVerified: input.emailVerified ?? true,
      createdAt: now,
      updatedAt: now,
    };
    this.db.data.users.push(user);
    return user;
  }

  async update(
    user: UserRecord,
    patch: { email?: string; password?: string; name?: string; emailVerified?: boolean },
  ): Promise<UserRecord> {
    if (patch.email !== undefined) {
      const other = this.byEmail(patch.email);
      if (other && other.id !== user.id) throw new DuplicateEmailError(patch.email);
    }
    const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : user.passwordHash;
    Object.assign(user, {
      ...(patch.email !== undefined ? { email: patch.email.trim() } : {}),
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.emailVerified !== undefined ? { emailVerified: patch.emailVerified } : {}),
      passwordHash,
      updatedAt: new Date().toISOString(),
    });
    return user;
  }

  remove(user: UserRecord): void {
    this.db.data.users = this.db.data.users.filter((candidate) => candidate.id !== user.id);
  }

  /** Same cost whether or not the email exists, so timing tells nothing about who has an account. */
  async verifyCredentials(email: string, password: string): Promise<UserRecord | null> {
    const user = this.byEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash));
    return ok && user ? user : null;
  }
}
