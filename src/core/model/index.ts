/** Public surface of core/model: encoders, model folders, tokenizers, weights I/O. */
export { type EncodeOptions, type Encoder, embedTexts, type Role } from './encoder';
export type { BertConfig, EncoderConfig, EncoderOptions, Pooling } from './config';
export { BertEncoder } from './bert';
export { createEncoder, type ModelFiles, newTinyBert, saveEncoder, type TinyBertOptions } from './checkpoint';
export { createTokenizer, HfTokenizer, type TokenizedBatch, type Tokenizer } from './tokenizer';
export { trainWordPiece, type WordPieceTrainerOptions, type WordPieceTrainResult } from './wordpiece-trainer';
export { readModelWeights, readSafetensors, type TensorData, writeSafetensors } from './safetensors';
export {
  BIG_VOCAB_ROWS,
  describeTrainable,
  parseTrainable,
  trainableFilter,
  type TrainableMode,
  type TrainableSetting,
  type TrainableSpec,
} from './trainable';
export {
  downloadModel,
  HubError,
  listModelFiles,
  memoryHubCache,
  cacheStorageHubCache,
  modelSize,
  type HubCache,
  type HubFileInfo,
  type HubOptions,
  type HubProgress,
} from './hub';
export { modelCard, sentenceTransformersFiles, stripCommonRoot, type ModelCardInfo } from './sentence-transformers';
// The ONNX path (transformers.js) is imported from './onnx-encoder' directly: it loads ONNX Runtime on use.
