/**
 * The file-reading helpers of the scripts (scripts/lib/data-files.ts), on fixture files written
 * to a temporary folder: each failure is one line that names the file.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../scripts/lib/data-files.js'
import { gzip, idxU8, tinyMnist } from '../fixtures/idx.js'

const fresh = (): string => mkdtempSync(join(tmpdir(), 'kanzen-files-'))
const fixture = (name: string): string => new URL(`../fixtures/titanic/${name}`, import.meta.url).pathname

describe('data-files', () => {
  describe('dataArg', () => {
    it('should read the value after --data', () => {
      expect([_.dataArg(['node', 'x', '--data', '/d']), _.dataArg(['node', 'x'])]).toEqual(['/d', undefined])
    })
  })

  describe('loadMnist', () => {
    it('should read the four canonical files from a folder, gzipped or not', () => {
      const dir = fresh()
      const train = tinyMnist(3)
      const test = tinyMnist(2)
      writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzip(train.images))
      writeFileSync(join(dir, 'train-labels-idx1-ubyte'), train.labels)
      writeFileSync(join(dir, 't10k-images-idx3-ubyte'), test.images)
      writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzip(test.labels))
      const r = _.loadMnist({ dataDir: dir })
      expect(E.isRight(r) && [r.right.train.count, r.right.test.count, r.right.source]).toEqual([3, 2, dir])
    })
    it('should name the folder and the missing file', () => {
      const dir = fresh()
      expect(_.loadMnist({ dataDir: dir })).toEqual(E.left(`${dir}: no train-images-idx3-ubyte(.gz) found`))
    })
    it('should name both files and the failing part when they disagree', () => {
      const dir = fresh()
      for (const [name, bytes] of [
        ['train', tinyMnist(3)],
        ['t10k', tinyMnist(1)]
      ] as const) {
        writeFileSync(join(dir, `${name}-images-idx3-ubyte`), bytes.images)
        writeFileSync(join(dir, `${name}-labels-idx1-ubyte`), name === 'train' ? idxU8([2], [1, 2]) : bytes.labels)
      }
      const r = _.loadMnist({ dataDir: dir })
      expect(r).toEqual(
        E.left(
          `${dir}/train-images-idx3-ubyte + ${dir}/train-labels-idx1-ubyte: count: expected as many labels as images (3), got 2 labels`
        )
      )
    })
  })

  describe('loadTitanic', () => {
    it('should read train.csv and test.csv from a folder', () => {
      const dir = fresh()
      copyFileSync(fixture('train.csv'), join(dir, 'train.csv'))
      copyFileSync(fixture('test.csv'), join(dir, 'test.csv'))
      const r = _.loadTitanic(dir)
      expect(E.isRight(r) && [r.right.train.length, r.right.test.length]).toEqual([12, 8])
    })
    it('should report a missing file and bad cells with the file path', () => {
      const dir = fresh()
      expect(E.isLeft(_.loadTitanic(dir)) && (_.loadTitanic(dir) as E.Left<string>).left).toMatch(
        /train\.csv: cannot read/
      )
      writeFileSync(
        join(dir, 'train.csv'),
        'PassengerId,Survived,Pclass,Name,Sex,Age,SibSp,Parch,Ticket,Fare,Cabin,Embarked\n1,0,4,"A, Mr. B",male,x,0,0,T,1,,S\n'
      )
      copyFileSync(fixture('test.csv'), join(dir, 'test.csv'))
      expect(_.loadTitanic(dir)).toEqual(
        E.left(
          `${dir}/train.csv:2 Pclass: expected 1, 2 or 3, got "4"; train.csv:2 Age: expected a number or empty, got "x"`
        )
      )
    })
  })

  describe('loadCars', () => {
    it('should report a file that is not JSON', () => {
      const file = join(fresh(), 'cars.json')
      writeFileSync(file, '[{')
      expect(E.isLeft(_.loadCars(file)) && (_.loadCars(file) as E.Left<string>).left).toMatch(/cars\.json: not JSON/)
    })
  })

  describe('loadTable', () => {
    it('should read CSV or JSON records by extension', () => {
      const dir = fresh()
      writeFileSync(join(dir, 'd.csv'), 'a,b\n1,2\n')
      writeFileSync(join(dir, 'd.json'), '[{"a":1,"b":2}]')
      expect(E.isRight(_.loadTable(join(dir, 'd.csv'))) && E.isRight(_.loadTable(join(dir, 'd.json')))).toBe(true)
      expect(_.loadTable(join(dir, 'e.json'))).toEqual(expect.objectContaining({ _tag: 'Left' }))
    })
  })
})
