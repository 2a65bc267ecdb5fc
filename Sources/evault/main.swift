print("evault")
