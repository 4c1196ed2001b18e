/**
 * The part of the ONNX file format kanzen reads and writes, as a protobufjs schema: a model holds
 * one graph; the graph lists nodes (an operator, its named inputs and outputs, its attributes),
 * initializers (the constant tensors: weights) and the typed inputs and outputs of the whole
 * graph. Field numbers and enum values are those of `onnx/onnx.proto` (ONNX 1.10, IR version 8);
 * the fields kanzen never uses are left out, which protobuf's rules make harmless: a reader skips
 * fields its schema does not know.
 *
 * Encoding and decoding are protobufjs's; this module only declares the schema and the plain
 * TypeScript view of a decoded model.
 *
 * Reference: ONNX IR specification, https://onnx.ai/onnx/repo-docs/IR.html
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import protobuf from 'protobufjs/light.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** `TensorProto.DataType`: the element types kanzen uses. @category model @since 0.2.0 */
export const DataType = { FLOAT: 1, INT64: 7, DOUBLE: 11 } as const

/** `AttributeProto.AttributeType`: the attribute kinds kanzen uses. @category model @since 0.2.0 */
export const AttributeType = { FLOAT: 1, INT: 2, FLOATS: 6, INTS: 7 } as const

/** A tensor: dimensions, element type and little-endian bytes (`raw_data`) or typed lists. @category model @since 0.2.0 */
export interface OnnxTensor {
  readonly name: string
  readonly dims: ReadonlyArray<number>
  readonly dataType: number
  readonly rawData?: Uint8Array
  readonly floatData?: ReadonlyArray<number>
  readonly doubleData?: ReadonlyArray<number>
  readonly int64Data?: ReadonlyArray<number>
}

/** A node's attribute (only the scalar and list kinds kanzen reads). @category model @since 0.2.0 */
export interface OnnxAttribute {
  readonly name: string
  readonly type: number
  readonly f?: number
  readonly i?: number
  /** A string attribute's bytes (e.g. `auto_pad`). */
  readonly s?: Uint8Array
  readonly floats?: ReadonlyArray<number>
  readonly ints?: ReadonlyArray<number>
}

/** One operator application. @category model @since 0.2.0 */
export interface OnnxNode {
  readonly name: string
  readonly opType: string
  readonly domain?: string
  readonly input: ReadonlyArray<string>
  readonly output: ReadonlyArray<string>
  readonly attribute: ReadonlyArray<OnnxAttribute>
}

/** One dimension of a graph input or output: a number, or a symbolic name such as `batch`. @category model @since 0.2.0 */
export interface OnnxDim {
  readonly dimValue?: number
  readonly dimParam?: string
}

/** A graph input or output with its tensor type. @category model @since 0.2.0 */
export interface OnnxValueInfo {
  readonly name: string
  readonly type?: { readonly tensorType?: { readonly elemType: number; readonly shape?: { readonly dim: ReadonlyArray<OnnxDim> } } }
}

/** The computation graph. @category model @since 0.2.0 */
export interface OnnxGraph {
  readonly name: string
  readonly node: ReadonlyArray<OnnxNode>
  readonly initializer: ReadonlyArray<OnnxTensor>
  readonly input: ReadonlyArray<OnnxValueInfo>
  readonly output: ReadonlyArray<OnnxValueInfo>
}

/** A whole model file. @category model @since 0.2.0 */
export interface OnnxModel {
  readonly irVersion: number
  readonly producerName: string
  readonly producerVersion: string
  readonly opsetImport: ReadonlyArray<{ readonly domain: string; readonly version: number }>
  readonly graph?: OnnxGraph
  readonly metadataProps?: ReadonlyArray<{ readonly key: string; readonly value: string }>
}

// -------------------------------------------------------------------------------------
// schema (field numbers from onnx.proto)
// -------------------------------------------------------------------------------------

const field = (id: number, type: string, rule?: 'repeated') => ({ id, type, ...(rule ? { rule } : {}) })

const schema = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: field(1, 'int64'),
            producerName: field(2, 'string'),
            producerVersion: field(3, 'string'),
            domain: field(4, 'string'),
            modelVersion: field(5, 'int64'),
            docString: field(6, 'string'),
            graph: field(7, 'GraphProto'),
            opsetImport: field(8, 'OperatorSetIdProto', 'repeated'),
            metadataProps: field(14, 'StringStringEntryProto', 'repeated')
          }
        },
        OperatorSetIdProto: { fields: { domain: field(1, 'string'), version: field(2, 'int64') } },
        StringStringEntryProto: { fields: { key: field(1, 'string'), value: field(2, 'string') } },
        GraphProto: {
          fields: {
            node: field(1, 'NodeProto', 'repeated'),
            name: field(2, 'string'),
            initializer: field(5, 'TensorProto', 'repeated'),
            docString: field(10, 'string'),
            input: field(11, 'ValueInfoProto', 'repeated'),
            output: field(12, 'ValueInfoProto', 'repeated'),
            valueInfo: field(13, 'ValueInfoProto', 'repeated')
          }
        },
        NodeProto: {
          fields: {
            input: field(1, 'string', 'repeated'),
            output: field(2, 'string', 'repeated'),
            name: field(3, 'string'),
            opType: field(4, 'string'),
            attribute: field(5, 'AttributeProto', 'repeated'),
            docString: field(6, 'string'),
            domain: field(7, 'string')
          }
        },
        AttributeProto: {
          fields: {
            name: field(1, 'string'),
            f: field(2, 'float'),
            i: field(3, 'int64'),
            s: field(4, 'bytes'),
            floats: field(7, 'float', 'repeated'),
            ints: field(8, 'int64', 'repeated'),
            type: field(20, 'int32')
          }
        },
        TensorProto: {
          fields: {
            dims: field(1, 'int64', 'repeated'),
            dataType: field(2, 'int32'),
            floatData: field(4, 'float', 'repeated'),
            int32Data: field(5, 'int32', 'repeated'),
            int64Data: field(7, 'int64', 'repeated'),
            name: field(8, 'string'),
            rawData: field(9, 'bytes'),
            doubleData: field(10, 'double', 'repeated'),
            docString: field(12, 'string')
          }
        },
        ValueInfoProto: { fields: { name: field(1, 'string'), type: field(2, 'TypeProto'), docString: field(3, 'string') } },
        TypeProto: {
          fields: { tensorType: field(1, 'TypeProtoTensor'), denotation: field(6, 'string') }
        },
        TypeProtoTensor: { fields: { elemType: field(1, 'int32'), shape: field(2, 'TensorShapeProto') } },
        TensorShapeProto: { fields: { dim: field(1, 'TensorShapeDimension', 'repeated') } },
        TensorShapeDimension: {
          fields: { dimValue: field(1, 'int64'), dimParam: field(2, 'string'), denotation: field(3, 'string') }
        }
      }
    }
  }
}

// Built lazily: only a program that reads or writes ONNX pays for compiling the schema.
let modelType: protobuf.Type | undefined
const ModelProto = (): protobuf.Type => (modelType ??= protobuf.Root.fromJSON(schema).lookupType('onnx.ModelProto'))

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The protobuf bytes of a model.
 *
 * @example
 * import { Train } from 'kanzen'
 * const bytes = Train.encodeOnnxModel({ irVersion: 8, producerName: 'p', producerVersion: '1', opsetImport: [{ domain: '', version: 13 }] })
 * assert.strictEqual(bytes[0], 0x08) // field 1 (ir_version), wire type 0 (varint)
 *
 * @category operations
 * @since 0.2.0
 */
export const encodeOnnxModel = (model: OnnxModel): Uint8Array => {
  const t = ModelProto()
  return t.encode(t.fromObject(model)).finish()
}

/**
 * A model from protobuf bytes, or the reason they are not one (truncated, or not protobuf at
 * all). Whether the model makes sense is the importer's question.
 *
 * @example
 * import { Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const bytes = Train.encodeOnnxModel({ irVersion: 8, producerName: 'p', producerVersion: '1', opsetImport: [{ domain: '', version: 13 }] })
 * assert.deepStrictEqual(E.map((m: Train.OnnxModel) => m.opsetImport)(Train.decodeOnnxModel(bytes)), E.right([{ domain: '', version: 13 }]))
 * assert.ok(E.isLeft(Train.decodeOnnxModel(bytes.subarray(0, bytes.length - 1))))
 *
 * @category operations
 * @since 0.2.0
 */
export const decodeOnnxModel = (bytes: Uint8Array): E.Either<string, OnnxModel> => {
  const t = ModelProto()
  try {
    const message = t.decode(bytes)
    // cast: protobufjs has just read these fields by the schema above, whose shape OnnxModel restates.
    return E.right(t.toObject(message, { longs: Number, enums: Number, arrays: true, defaults: true }) as OnnxModel)
  } catch (e) {
    return E.left(`truncated or not protobuf (${e instanceof Error ? e.message : String(e)})`)
  }
}
