import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/titanic.js'
import { showDataError } from '../../src/data/data-error.js'
import type { DataErrors } from '../../src/data/data-error.js'

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/titanic/${name}`, import.meta.url), 'utf8')
const lines = (r: E.Either<DataErrors, unknown>): Array<string> =>
  E.isLeft(r) ? r.left.map(showDataError) : ['(no error)']
const header = _.trainHeader.join(',')
const row = '1,0,3,"Braund, Mr. Owen Harris",male,22,1,0,A/5 21171,7.25,,S'

describe('titanic', () => {
  describe('decodeTitanicTrain', () => {
    it('should decode the fixture (CRLF, quoted names) into typed rows', () => {
      const r = _.decodeTitanicTrain(fixture('train.csv'))
      expect(E.isRight(r)).toBe(true)
      if (E.isLeft(r)) return
      expect(r.right.length).toBe(12)
      expect(r.right[0]).toEqual({
        PassengerId: 1,
        Survived: 0,
        Pclass: 3,
        Name: 'Braund, Mr. Owen Harris',
        Sex: 'male',
        Age: 22,
        SibSp: 1,
        Parch: 0,
        Ticket: 'A/5 21171',
        Fare: 7.25,
        Cabin: null,
        Embarked: 'S'
      })
      expect(r.right[5]?.Age).toBeNull()
      expect(r.right[11]?.Embarked).toBeNull()
    })
    it('should report a non-numeric Age with file, line, column, expectation and finding', () => {
      expect(lines(_.decodeTitanicTrain(`${header}\r\n${row.replace(',22,', ',abc,')}\r\n`))).toEqual([
        'train.csv:2 Age: expected a number or empty, got "abc"'
      ])
    })
    it('should report Pclass 4', () => {
      expect(lines(_.decodeTitanicTrain(`${header}\n${row.replace(',0,3,', ',0,4,')}\n`))).toEqual([
        'train.csv:2 Pclass: expected 1, 2 or 3, got "4"'
      ])
    })
    it('should report every bad cell of every row, not just the first', () => {
      const bad = [
        row.replace(',male,', ',man,').replace(',7.25,', ',-1,'),
        row,
        row.replace('1,0,3', 'x,2,3').replace(',,S', ',,Southampton')
      ]
      expect(lines(_.decodeTitanicTrain([header, ...bad].join('\r\n'), 'my.csv'))).toEqual([
        'my.csv:2 Sex: expected male or female, got "man"',
        'my.csv:2 Fare: expected a number ≥ 0 or empty, got "-1"',
        'my.csv:4 PassengerId: expected an integer, got "x"',
        'my.csv:4 Survived: expected 0 or 1, got "2"',
        'my.csv:4 Embarked: expected C, Q, S or empty, got "Southampton"'
      ])
    })
    it('should report a renamed column by position', () => {
      expect(lines(_.decodeTitanicTrain(`${header.replace('Age', 'age')}\n${row}\n`))).toEqual([
        'train.csv:1 column 6: expected "Age", got "age"'
      ])
    })
    it('should report a missing column', () => {
      const r = _.decodeTitanicTrain(`${header.replace(',Embarked', '')}\n${row.replace(/,S$/, '')}\n`)
      expect(lines(r)).toEqual(['train.csv:1 column 12: expected "Embarked", got no column'])
    })
    it('should report an extra column in the header and in a row', () => {
      expect(lines(_.decodeTitanicTrain(`${header},Extra\n${row},x\n`))).toEqual([
        'train.csv:1 column 13: expected no column, got "Extra"'
      ])
      expect(lines(_.decodeTitanicTrain(`${header}\n${row},x\n${row}\n`))).toEqual([
        'train.csv:2: expected 12 fields, got 13 fields'
      ])
    })
    it('should refuse the test header (no Survived) as a train file', () => {
      expect(lines(_.decodeTitanicTrain(fixture('test.csv')))[0]).toBe(
        'train.csv:1 column 2: expected "Survived", got "Pclass"'
      )
    })
    it('should report an empty file, a BOM-only file and a header-only file', () => {
      const emptyLine = `train.csv:1 header: expected "${header}", got an empty file`
      expect(lines(_.decodeTitanicTrain(''))).toEqual([emptyLine])
      expect(lines(_.decodeTitanicTrain('\uFEFF'))).toEqual([emptyLine])
      expect(lines(_.decodeTitanicTrain(`${header}\r\n`))).toEqual([
        'train.csv:2: expected at least one passenger row, got none'
      ])
    })
    it('should report malformed quoting as a Left, not an exception', () => {
      expect(lines(_.decodeTitanicTrain(`${header}\n1,0,3,"Braund, Mr. Owen`))[0]).toMatch(
        /^train\.csv:2: expected well-formed CSV \(RFC 4180\), got "a quoted field opened on line 2 is never closed"/
      )
    })
  })

  describe('decodeTitanicTest', () => {
    it("should decode the fixture with a BOM and Kaggle's odd quoting", () => {
      const r = _.decodeTitanicTest(fixture('test.csv'))
      expect(E.isRight(r)).toBe(true)
      if (E.isLeft(r)) return
      expect(r.right.map((p) => p.PassengerId)).toEqual([892, 911, 944, 1044, 1100, 1200, 1284, 1300])
      expect(r.right[1]?.Name).toBe('Assaf Khalil, Mrs. Mariana (Miriam")"')
      expect(r.right[2]?.Name).toBe('Hocking, Miss. Ellen Nellie""')
      expect(r.right[3]?.Fare).toBeNull()
      expect('Survived' in r.right[0]!).toBe(false)
    })
    it('should refuse a train file as a test file', () => {
      expect(lines(_.decodeTitanicTest(fixture('train.csv')))[0]).toBe(
        'test.csv:1 column 2: expected "Pclass", got "Survived"'
      )
    })
  })
})
