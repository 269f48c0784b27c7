print("rongtong-bench: not built yet")
