import { ProtocolError } from "@modelcontextprotocol/server";

export const missing = () => new ProtocolError(-32002, "not found")