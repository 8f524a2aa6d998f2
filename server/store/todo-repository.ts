import { randomId } from '../crypto/random-token';
import type { Database } from './database';
import type { TodoRecord } from './records';

/** The built-in demo API's data: one todo list per user. */
export class TodoRepository {
  constructor(private readonly db: Database) {}

  forUser(userId: string): TodoRecord[] {
    return this.db.data.todos.filter((todo) => todo.userId === userId);
  }

  add(userId: string, text: string): TodoRecord {
    const todo: TodoRecord = { id: `todo_${randomId(6)}`, userId, text, createdAt: new Date().toISOString() };
    this.db.data.todos.push(todo);
    return todo;
  }

  remove(userId: string, id: string): boolean {
    const before = this.db.data.todos.length;
    this.db.data.todos = this.db.data.todos.filter((todo) => !(todo.userId === userId && todo.id === id));
    return this.db.data.todos.length < before;
  }

  removeForUser(userId: string): void {
    this.db.data.todos = this.db.data.todos.filter((todo) => todo.userId !== userId);
  }
}
