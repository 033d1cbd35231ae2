"""One module per command or command group; each is thin: options → core call → output."""
