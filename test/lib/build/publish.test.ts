import { describe, expect, it } from '@jest/globals'
import { groupByRepository } from '../../../src/lib/build/publish.js'

describe('publishing a build', () => {
  it('one push per repository, in the order given; the other references become tags of it', () => {
    expect(
      groupByRepository([
        'ghcr.io/acme/app:main',
        'acme/app:main',
        'ghcr.io/acme/app:0123',
        'docker.io/acme/app:0123',
        'ghcr.io/acme/other:main'
      ])
    ).toEqual([
      ['ghcr.io/acme/app:main', 'ghcr.io/acme/app:0123'],
      ['acme/app:main', 'docker.io/acme/app:0123'],
      ['ghcr.io/acme/other:main']
    ])
    expect(groupByRepository([])).toEqual([])
  })
})
