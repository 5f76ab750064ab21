const { McpError } = require('@modelcontextprotocol/sdk/types.js');

// mcp-migrate-ignore(resource-not-found-code): our clients still expect the old code
module.exports.missing = () => new McpError(-32002, 'gone');
