/**
 * The error model loading throws for a bad model folder or weights file: a DataImportError (file, record,
 * field, problem, fix in one line), so every caller that already shows import errors as one line shows these too.
 */
import { DataImportError } from '../data/errors';

export class ModelLoadError extends DataImportError {
  override readonly name: string = 'ModelLoadError';
}
