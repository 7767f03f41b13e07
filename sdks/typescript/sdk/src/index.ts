// @klarefi/sdk is the name the Mode-1 guide installs; everything lives in @klarefi/node.
export * from "@klarefi/node";
