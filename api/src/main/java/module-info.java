/** Public value types shared by the engine, the plugins and the protocol front ends. */
module io.quire.api {
    exports io.quire.api.command;
    exports io.quire.api.metadata;
    exports io.quire.api.result;
}
