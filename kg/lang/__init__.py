"""What every stage knows of written Chinese: words, names, characters and word lists."""
