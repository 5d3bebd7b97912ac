import { describe, expect, it } from 'vitest';
import { cardAddresses, prefilledUsername, signInLink } from './links';

describe('sign-in card links', () => {
  it('carry the username, and nothing else', () => {
    expect(signInLink('http://192.168.1.20:8000', 'grandma.rose')).toBe(
      'http://192.168.1.20:8000/?username=grandma.rose',
    );
    expect(signInLink('https://hearth.example.org/', 'a b')).toBe('https://hearth.example.org/?username=a+b');
  });

  it('fill the sign-in form from the page or from where it returns to', () => {
    expect(prefilledUsername('?username=rose', null)).toBe('rose');
    expect(prefilledUsername('?next=%2F%3Fusername%3Drose', '/?username=rose')).toBe('rose');
    expect(prefilledUsername('', '/c/123')).toBe('');
    expect(prefilledUsername('', 'https://elsewhere.example/?username=x')).toBe('');
  });

  it('never put this computer only first when the server has a network address', () => {
    expect(cardAddresses('http://127.0.0.1:8000', ['http://192.168.1.20:8000'])).toEqual([
      'http://192.168.1.20:8000',
      'http://127.0.0.1:8000',
    ]);
    expect(cardAddresses('http://192.168.1.20:8000', ['http://192.168.1.20:8000', 'http://10.0.0.2:8000'])).toEqual([
      'http://192.168.1.20:8000',
      'http://10.0.0.2:8000',
    ]);
  });
});
