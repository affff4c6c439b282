fetch("https://example.invalid/?HOSTILE_MARK")
