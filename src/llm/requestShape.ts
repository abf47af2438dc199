// The optional request fields, and what to do when a server rejects one of them with a 400:
// older Azure API versions and some local servers reject `stream_options`; OpenAI's reasoning
// models (o-series, gpt-5) reject `max_tokens` (they want `max_completion_tokens`) and any
// temperature but the default. Each adaptation happens once and sticks for this model.

export interface ShapedFields {
  stream_options?: { include_usage: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
}

export class RequestShape {
  private streamOptions = true;
  private maxTokensField: 'max_tokens' | 'max_completion_tokens' = 'max_tokens';
  private temperature = true;

  fields(request: { maxTokens?: number; temperature?: number }): ShapedFields {
    const fields: ShapedFields = {};
    if (this.streamOptions) fields.stream_options = { include_usage: true };
    if (request.maxTokens !== undefined) fields[this.maxTokensField] = request.maxTokens;
    if (this.temperature && request.temperature !== undefined) fields.temperature = request.temperature;
    return fields;
  }

  /** Adapts to a bad_request message if it names a field we can do without; false when there is nothing to adapt. */
  adaptTo(message: string): boolean {
    if (this.streamOptions && /stream_options/i.test(message)) {
      this.streamOptions = false;
      return true;
    }
    if (this.maxTokensField === 'max_tokens' && /max_tokens/i.test(message) && /max_completion_tokens/i.test(message)) {
      this.maxTokensField = 'max_completion_tokens';
      return true;
    }
    if (this.temperature && /temperature/i.test(message) && /unsupported|not support|only the default/i.test(message)) {
      this.temperature = false;
      return true;
    }
    return false;
  }
}
