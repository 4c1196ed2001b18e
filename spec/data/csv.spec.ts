import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/csv.js'

describe('csv', () => {
  describe('parseCsv', () => {
    it('should split quoted fields with commas and doubled quotes', () => {
      expect(_.parseCsv('a,"b, c","say ""hi"""\n', 'f.csv')).toEqual(
        E.right([{ line: 1, cells: ['a', 'b, c', 'say "hi"'] }])
      )
    })
    it('should accept CRLF line ends and drop a UTF-8 BOM', () => {
      expect(_.parseCsv('\uFEFFx,y\r\n1,2\r\n', 'f.csv')).toEqual(
        E.right([
          { line: 1, cells: ['x', 'y'] },
          { line: 2, cells: ['1', '2'] }
        ])
      )
    })
    it("should parse Kaggle's odd quoting in test.csv", () => {
      const r = _.parseCsv('911,"Assaf Khalil, Mrs. Mariana (Miriam"")""",female\r\n', 'test.csv')
      expect(r).toEqual(E.right([{ line: 1, cells: ['911', 'Assaf Khalil, Mrs. Mariana (Miriam")"', 'female'] }]))
    })
    it('should give the starting line of a record whose quoted field spans lines', () => {
      const r = _.parseCsv('h\n"a\nb"\nc\n', 'f.csv')
      expect(E.map((rows: ReadonlyArray<_.CsvRow>) => rows.map((x) => x.line))(r)).toEqual(E.right([1, 2, 4]))
    })
    it('should give no rows for an empty text, a BOM alone, or blank lines', () => {
      for (const text of ['', '\uFEFF', '\r\n\r\n']) expect(_.parseCsv(text, 'f.csv')).toEqual(E.right([]))
    })
    it('should keep rows of different lengths for the decoder to judge', () => {
      expect(
        E.map((rows: ReadonlyArray<_.CsvRow>) => rows.map((x) => x.cells.length))(_.parseCsv('a,b\n1,2,3\n', 'f.csv'))
      ).toEqual(E.right([2, 3]))
    })
    it('should turn malformed quoting into a Left naming file and line', () => {
      const r = _.parseCsv('a,b\n1,"x"y\n', 'f.csv')
      expect(E.isLeft(r) && r.left[0]?.path).toBe('f.csv:2')
      expect(E.isLeft(r) && r.left[0]?.expected).toBe('well-formed CSV (RFC 4180)')
    })
    it('should say what is malformed: an unclosed quote, text after a closing quote, a stray quote', () => {
      const found = (text: string) => {
        const r = _.parseCsv(text, 'f.csv')
        return E.isLeft(r) ? [r.left[0]?.path, r.left[0]?.found] : 'Right'
      }
      expect(found('a\n"open\n\n')).toEqual(['f.csv:2', '"a quoted field opened on line 2 is never closed"'])
      expect(found('a,"x"y\n')).toEqual(['f.csv:1', '"unexpected \\"y\\" after the closing quote of field 2"'])
      expect(found('h\n\nab"c\n')).toEqual(['f.csv:3', '"a quote inside unquoted field 1: ab\\"c"'])
    })
    it('should accept a lone CR as a line end, an empty last field, and a last line without a line end', () => {
      expect(_.parseCsv('a,b\r1,\r"2",3', 'f.csv')).toEqual(
        E.right([
          { line: 1, cells: ['a', 'b'] },
          { line: 2, cells: ['1', ''] },
          { line: 3, cells: ['2', '3'] }
        ])
      )
    })
  })
})
