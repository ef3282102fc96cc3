"""The requests every pipeline measurement sends: four create queries (built-in architect)."""

QUERIES = [
    "create a secure web application with a database and authentication",
    "design a microservices shop with kafka and postgres",
    "build a RAG chatbot over our documents with a vector database",
    "create an IoT platform that ingests sensor data into a time series database",
]
