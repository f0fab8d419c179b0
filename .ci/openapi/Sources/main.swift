// Nothing here: the target exists so the generator product is built beside it.
