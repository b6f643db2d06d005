import { userCacheDir } from '../../src/testing/user-cache';

describe('userCacheDir', () => {
  it('is under XDG_CACHE_HOME when that is an absolute path', () => {
    expect(userCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }, '/home/me')).toBe(
      '/var/cache/me/temporal-checkpoint',
    );
  });

  it('is under ~/.cache otherwise, whatever the working directory', () => {
    expect(userCacheDir({}, '/home/me')).toBe('/home/me/.cache/temporal-checkpoint');
    expect(userCacheDir({ XDG_CACHE_HOME: 'relative/cache' }, '/home/me')).toBe(
      '/home/me/.cache/temporal-checkpoint',
    );
    expect(userCacheDir({ XDG_CACHE_HOME: '' }, '/home/me')).toBe('/home/me/.cache/temporal-checkpoint');
  });
});
