/** Public surface of core/model: encoders, model folders, tokenizers, weights I/O. */
export { type EncodeOptions, type Encoder, embedTexts, type Role } from './encoder';
export type { BertConfig, EncoderConfig, EncoderOptions, Pooling } from './config';
export { BertEncoder } from './bert';
export { createEncoder, type ModelFiles, newTinyBert, saveEncoder, type TinyBertOptions } from './checkpoint';
export { createTokenizer, HfTokenizer, type TokenizedBatch, type Tokenizer } from './tokenizer';
export { trainWordPiece, type WordPieceTrainerOptions, type WordPieceTrainResult } from './wordpiece-trainer';
export { readModelWeights, readSafetensors, type TensorData, writeSafetensors } from './safetensors';
