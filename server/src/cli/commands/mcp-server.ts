/**
 * The MCP transport of `spec-handoff mcp`: the official SDK's server over
 * stdio, answering tools/list, tools/call, resources/list and
 * resources/read from McpTools. Stdout carries the protocol only; anything
 * for a human goes to stderr.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { AGENT_TOOLS } from '../../service';
import type { CliIo } from '../io';
import { McpTools } from '../mcp-tools';
import { packageInfo } from '../package-info';

export async function serveMcpStdio(io: CliIo, configFile: string | undefined): Promise<void> {
  const tools = new McpTools(io, configFile);
  const server = new Server(
    { name: 'spec-handoff', version: packageInfo().version },
    {
      capabilities: { tools: {}, resources: {} },
      instructions:
        'Deterministic checks for markdown specs and handoffs (section schemas, acceptance criteria, readiness for pickup). Paths are relative to the workspace folder: ' +
        `${tools.root()}. Check a document after editing it; generate a handoff from a spec when work changes hands.`,
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: AGENT_TOOLS.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: t.inputSchema,
      annotations: {
        title: t.title,
        readOnlyHint: !t.writes,
        destructiveHint: false,
        idempotentHint: !t.writes,
        openWorldHint: false,
      },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const answer = await tools.call(request.params.name, request.params.arguments);
    return { content: [{ type: 'text', text: answer.text }], isError: answer.isError };
  });
  server.setRequestHandler(ListResourcesRequestSchema, () => {
    try {
      return { resources: tools.resources() };
    } catch (error) {
      throw new McpError(ErrorCode.InternalError, (error as Error).message);
    }
  });
  server.setRequestHandler(ReadResourceRequestSchema, (request) => {
    const answer = tools.readResource(request.params.uri);
    if (answer.isError) throw new McpError(ErrorCode.InvalidParams, answer.text);
    return { contents: [{ uri: request.params.uri, mimeType: 'text/markdown', text: answer.text }] };
  });
  // A bug must cost an error answer, not the server.
  process.on('uncaughtException', (error) =>
    io.err(`spec-handoff mcp: uncaught exception: ${error.stack ?? error.message}\n`),
  );
  process.on('unhandledRejection', (error) => io.err(`spec-handoff mcp: unhandled rejection: ${String(error)}\n`));
  const transport = new StdioServerTransport();
  transport.onclose = () => process.exit(0);
  process.stdin.on('end', () => process.exit(0));
  await server.connect(transport);
}
