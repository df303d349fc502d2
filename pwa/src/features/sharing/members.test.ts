import { describe, expect, it } from 'vitest';
import { HttpError, OfflineError } from '../../api/transport.ts';
import { sharingError } from './invitations.ts';
import { displayName, initials } from './members.ts';

describe('members as rows show them', () => {
  it('takes the first and last name’s letters, else the first of the name or the email', () => {
    expect(initials({ name: 'Ana María Ortiz', email: 'ana@example.test' })).toBe('AO');
    expect(initials({ name: '  ben ', email: 'ben@example.test' })).toBe('B');
    expect(initials({ name: '', email: 'cy@example.test' })).toBe('C');
    expect(displayName({ name: ' ', email: 'cy@example.test' })).toBe('cy@example.test');
  });
});

describe('what a failed sharing call tells the person', () => {
  it('names the field the server refused, says when offline, and passes the server’s sentence on', () => {
    const field = new HttpError(400, 'validation-error', 'Invalid request', [
      { path: 'email', message: 'must be an email address' },
    ]);
    expect(sharingError(field)).toBe('Email must be an email address.');
    expect(sharingError(new HttpError(409, 'conflict', 'a@b.test is a member of this list already'))).toBe(
      'a@b.test is a member of this list already',
    );
    expect(sharingError(new OfflineError('x'))).toMatch(/^No connection/);
  });
});
