import { describe, expect, test } from 'bun:test';
import { codeWhispererEndpoint } from './endpoint';

const input = (baseUrl: string) => ({ baseUrl, model: 'claude-sonnet-4.5', stream: true, apiKey: 'tok' });

describe('codeWhispererEndpoint', () => {
  test('the IDE endpoint: REST JSON, the operation in the path (appended when the URL stops at the host)', () => {
    for (const baseUrl of ['https://q.us-east-1.amazonaws.com/generateAssistantResponse', 'https://q.us-east-1.amazonaws.com/']) {
      const endpoint = codeWhispererEndpoint(input(baseUrl));
      expect(endpoint.url).toBe('https://q.us-east-1.amazonaws.com/generateAssistantResponse');
      expect(endpoint.headers).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/json', 'x-amzn-codewhisperer-optout': 'true', 'x-amzn-kiro-agent-mode': 'vibe' });
      expect(endpoint.headers['x-amz-target']).toBeUndefined();
      expect(endpoint.headers['x-amz-user-agent']).toMatch(/^aws-sdk-js\/1\.0\.34 KiroIDE-[\d.]+-[0-9a-f]{64}$/);
    }
  });

  test('the kiro-cli endpoint: awsJson1.0 with x-amz-target, posted where configured', () => {
    const endpoint = codeWhispererEndpoint(input('https://runtime.us-east-1.kiro.dev/'));
    expect(endpoint.url).toBe('https://runtime.us-east-1.kiro.dev/');
    expect(endpoint.headers).toMatchObject({
      authorization: 'Bearer tok',
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AmazonCodeWhispererStreamingService.GenerateAssistantResponse',
      accept: 'application/vnd.amazon.eventstream',
    });
    expect(endpoint.headers['user-agent']).toContain('app/AmazonQ-For-CLI');
  });
});
